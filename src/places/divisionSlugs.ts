// The URL names of Shanxi's cities and county-level units.
/**
 * The standard reading of each place name (as romanized in the national division lists and
 * gazetteers), written out by hand: 洪洞 Hóngtóng, 繁峙 Fánshì, 万柏林 Wànbǎilín, 尧都 Yáodū,
 * 长子 Zhǎngzǐ, 长治 Chángzhì, 隰县 Xí, 蒲县 Pú, 应县 Yìng, 岢岚 Kělán, 阳曲 Yángqū, 屯留 Túnliú. Keyed by
 * the city's name and the county's label (城区（阳泉市）). Spelling them with pinyin-pro gives the same
 * (tests/places.test.ts), but loading it takes about 0.15 s, which `check FILE` would pay at every start.
 */
export const DIVISION_SLUGS: Record<string, string> = {
  太原市: 'taiyuan', 大同市: 'datong', 阳泉市: 'yangquan', 长治市: 'changzhi', 晋城市: 'jincheng', 朔州市: 'shuozhou',
  晋中市: 'jinzhong', 运城市: 'yuncheng', 忻州市: 'xinzhou', 临汾市: 'linfen', 吕梁市: 'lvliang',
  // 太原市
  小店区: 'xiaodianqu', 迎泽区: 'yingzequ', 杏花岭区: 'xinghualingqu', 尖草坪区: 'jiancaopingqu', 万柏林区: 'wanbailinqu',
  晋源区: 'jinyuanqu', 清徐县: 'qingxuxian', 阳曲县: 'yangquxian', 娄烦县: 'loufanxian', 古交市: 'gujiaoshi',
  // 大同市
  新荣区: 'xinrongqu', 平城区: 'pingchengqu', 云冈区: 'yungangqu', 云州区: 'yunzhouqu', 阳高县: 'yanggaoxian',
  天镇县: 'tianzhenxian', 广灵县: 'guanglingxian', 灵丘县: 'lingqiuxian', 浑源县: 'hunyuanxian', 左云县: 'zuoyunxian',
  // 阳泉市
  '城区（阳泉市）': 'chengqu', 矿区: 'kuangqu', 郊区: 'jiaoqu', 平定县: 'pingdingxian', 盂县: 'yuxian',
  // 长治市
  潞州区: 'luzhouqu', 上党区: 'shangdangqu', 屯留区: 'tunliuqu', 潞城区: 'luchengqu', 襄垣县: 'xiangyuanxian',
  平顺县: 'pingshunxian', 黎城县: 'lichengxian', 壶关县: 'huguanxian', 长子县: 'zhangzixian', 武乡县: 'wuxiangxian',
  沁县: 'qinxian', 沁源县: 'qinyuanxian',
  // 晋城市
  '城区（晋城市）': 'chengqu', 沁水县: 'qinshuixian', 阳城县: 'yangchengxian', 陵川县: 'lingchuanxian', 泽州县: 'zezhouxian', 高平市: 'gaopingshi',
  // 朔州市
  朔城区: 'shuochengqu', 平鲁区: 'pingluqu', 山阴县: 'shanyinxian', 应县: 'yingxian', 右玉县: 'youyuxian', 怀仁市: 'huairenshi',
  // 晋中市
  榆次区: 'yuciqu', 太谷区: 'taiguqu', 榆社县: 'yushexian', 左权县: 'zuoquanxian', 和顺县: 'heshunxian', 昔阳县: 'xiyangxian',
  寿阳县: 'shouyangxian', 祁县: 'qixian', 平遥县: 'pingyaoxian', 灵石县: 'lingshixian', 介休市: 'jiexiushi',
  // 运城市
  盐湖区: 'yanhuqu', 临猗县: 'linyixian', 万荣县: 'wanrongxian', 闻喜县: 'wenxixian', 稷山县: 'jishanxian',
  新绛县: 'xinjiangxian', 绛县: 'jiangxian', 垣曲县: 'yuanquxian', 夏县: 'xiaxian', 平陆县: 'pingluxian',
  芮城县: 'ruichengxian', 永济市: 'yongjishi', 河津市: 'hejinshi',
  // 忻州市
  忻府区: 'xinfuqu', 定襄县: 'dingxiangxian', 五台县: 'wutaixian', 代县: 'daixian', 繁峙县: 'fanshixian', 宁武县: 'ningwuxian',
  静乐县: 'jinglexian', 神池县: 'shenchixian', 五寨县: 'wuzhaixian', 岢岚县: 'kelanxian', 河曲县: 'hequxian', 保德县: 'baodexian',
  偏关县: 'pianguanxian', 原平市: 'yuanpingshi',
  // 临汾市
  尧都区: 'yaoduqu', 曲沃县: 'quwoxian', 翼城县: 'yichengxian', 襄汾县: 'xiangfenxian', 洪洞县: 'hongtongxian', 古县: 'guxian',
  安泽县: 'anzexian', 浮山县: 'fushanxian', 吉县: 'jixian', 乡宁县: 'xiangningxian', 大宁县: 'daningxian', 隰县: 'xixian',
  永和县: 'yonghexian', 蒲县: 'puxian', 汾西县: 'fenxixian', 侯马市: 'houmashi', 霍州市: 'huozhoushi',
  // 吕梁市
  离石区: 'lishiqu', 文水县: 'wenshuixian', 交城县: 'jiaochengxian', 兴县: 'xingxian', 临县: 'linxian', 柳林县: 'liulinxian',
  石楼县: 'shilouxian', 岚县: 'lanxian', 方山县: 'fangshanxian', 中阳县: 'zhongyangxian', 交口县: 'jiaokouxian',
  孝义市: 'xiaoyishi', 汾阳市: 'fenyangshi',
};
